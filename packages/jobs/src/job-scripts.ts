import { RedisScript } from './redis-script';

/**
 * Moves a job to a new status only from one of the allowed ones, atomically with its fields; a terminal move also
 * resets the record's time to live and announces the job on the settled channel. The owner's indexes (another hash
 * tag) are moved afterwards by INDEX_JOB with what this returns.
 * KEYS: record. ARGV: id, allowed statuses as ',a,b,', new status, ttl s ('0': keep), settled channel ('': none),
 * then field/value pairs.
 * Returns {} when the record is gone, { 'moved', previous, created ms, owner } when moved, else { 'unchanged', current }.
 */
export const TRANSITION_JOB = new RedisScript(`
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {} end
if not string.find(ARGV[2], ',' .. status .. ',', 1, true) then return { 'unchanged', status } end
local fields = { 'status', ARGV[3] }
for i = 6, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
if ARGV[4] ~= '0' then redis.call('EXPIRE', KEYS[1], ARGV[4]) end
if ARGV[5] ~= '' then redis.call('PUBLISH', ARGV[5], ARGV[1]) end
local record = redis.call('HMGET', KEYS[1], 'created_at', 'owner')
return { 'moved', status, record[1], record[2] }
`);

/**
 * Files a job in its owner's index of all jobs and in the index of its status, leaving the other status indexes.
 * A status only moves forward (queued, running, then one terminal status), so a move that arrives after a later one
 * (two processes moving the same job) is ignored. Entries older than the cutoff leave the indexes it writes.
 * KEYS: index all, queued, running, succeeded, failed, cancelled (one owner's). ARGV: id, status (2-6: its KEYS
 * position), created ms, cutoff ms. Returns 1 when filed, 0 when a later status already holds the job.
 */
export const INDEX_JOB = new RedisScript(`
local stage = { 0, 1, 2, 2, 2 }
local id, target = ARGV[1], tonumber(ARGV[2])
for i = 2, 6 do
  if i ~= target and stage[i - 1] >= stage[target - 1] and redis.call('ZSCORE', KEYS[i], id) then return 0 end
end
for i = 2, 6 do
  if i ~= target then redis.call('ZREM', KEYS[i], id) end
end
redis.call('ZADD', KEYS[1], ARGV[3], id)
redis.call('ZADD', KEYS[target], ARGV[3], id)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[target], '-inf', ARGV[4])
return 1
`);
