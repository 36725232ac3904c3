import { RedisScript } from './redis-script';

/**
 * Creates a job record with its index entries, or returns the id of the job an idempotency key already names.
 * KEYS: record, index:all, index:queued, idempotency key. ARGV: id, created ms, ttl s, index cutoff ms,
 * use idempotency ('1'/'0'), then the record's field/value pairs.
 */
export const CREATE_JOB = new RedisScript(`
if ARGV[5] == '1' then
  local existing = redis.call('GET', KEYS[4])
  if existing then return existing end
end
local fields = {}
for i = 6, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[4])
if ARGV[5] == '1' then redis.call('SET', KEYS[4], ARGV[1], 'EX', ARGV[3]) end
return ARGV[1]
`);

/**
 * Moves a job to a new status only from one of the allowed ones, atomically with its fields and index entries;
 * a terminal move also resets the record's time to live and announces the job on the settled channel.
 * KEYS: record. ARGV: id, allowed statuses as ',a,b,', new status, index prefix (the owner is read from the record),
 * ttl s ('0': keep), index cutoff ms,
 * settled channel ('' : none), then field/value pairs.
 * Returns '' when the record is gone, 'moved:<previous>' when moved, or the unchanged current status.
 */
export const TRANSITION_JOB = new RedisScript(`
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return '' end
if not string.find(ARGV[2], ',' .. status .. ',', 1, true) then return status end
local fields = { 'status', ARGV[3] }
for i = 8, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
local created = redis.call('HGET', KEYS[1], 'created_at')
local index = ARGV[4] .. redis.call('HGET', KEYS[1], 'owner') .. ':'
redis.call('ZREM', index .. status, ARGV[1])
redis.call('ZADD', index .. ARGV[3], created, ARGV[1])
redis.call('ZREMRANGEBYSCORE', index .. ARGV[3], '-inf', ARGV[6])
if ARGV[5] ~= '0' then redis.call('EXPIRE', KEYS[1], ARGV[5]) end
if ARGV[7] ~= '' then redis.call('PUBLISH', ARGV[7], ARGV[1]) end
return 'moved:' .. status
`);
