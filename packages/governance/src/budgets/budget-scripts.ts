import { redisScript } from '../redis-script';

/**
 * Holds a reservation against one period while spent + reserved is under the limit (so concurrent requests overrun
 * the budget by at most one reservation), after releasing holds that lapsed unsettled.
 * KEYS: period hash, period hold-expiry zset. ARGV: hold id, amount, limit, now, hold expires at, ttl seconds.
 * Returns: admitted (1/0), spent, reserved.
 */
export const RESERVE_BUDGET = redisScript(`
local now = tonumber(ARGV[4])
local lapsed = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 200)
for _, id in ipairs(lapsed) do
  local amount = redis.call('HGET', KEYS[1], 'hold:' .. id)
  if amount then
    redis.call('HINCRBY', KEYS[1], 'reserved', string.format('%d', -tonumber(amount)))
    redis.call('HDEL', KEYS[1], 'hold:' .. id)
  end
  redis.call('ZREM', KEYS[2], id)
end
local spent = tonumber(redis.call('HGET', KEYS[1], 'spent') or '0')
local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
if spent + reserved >= tonumber(ARGV[3]) then
  return { 0, string.format('%d', spent), string.format('%d', reserved) }
end
local amount = tonumber(ARGV[2])
redis.call('HINCRBY', KEYS[1], 'reserved', string.format('%d', amount))
redis.call('HSET', KEYS[1], 'hold:' .. ARGV[1], string.format('%d', amount))
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('EXPIRE', KEYS[2], ARGV[6])
return { 1, string.format('%d', spent), string.format('%d', reserved + amount) }
`);

const RELEASE_HOLD = `
local function release(hash, expiry, id)
  local amount = redis.call('HGET', hash, 'hold:' .. id)
  if not amount then return false end
  redis.call('HINCRBY', hash, 'reserved', string.format('%d', -tonumber(amount)))
  redis.call('HDEL', hash, 'hold:' .. id)
  redis.call('ZREM', expiry, id)
  return true
end
`;

/**
 * Charges a finished request's real cost, once per event, to the period its hold was taken in (the current or the
 * previous one; the current one without a hold), releasing the hold. Flags the 80% and 100% alerts once per period.
 * KEYS: current hash, current expiry, previous hash, previous expiry, settled marker.
 * ARGV: hold id ('' for none), cost, limit, ttl seconds.
 * Returns: -1 for a duplicate; else 0 (current) or 1 (previous period), spent, reserved, alert80, alert100.
 */
export const SETTLE_BUDGET = redisScript(`${RELEASE_HOLD}
if not redis.call('SET', KEYS[5], '1', 'NX', 'EX', 172800) then return { -1 } end
local target = 1
if ARGV[1] ~= '' and not release(KEYS[1], KEYS[2], ARGV[1]) and release(KEYS[3], KEYS[4], ARGV[1]) then target = 3 end
local spent = redis.call('HINCRBY', KEYS[target], 'spent', string.format('%d', tonumber(ARGV[2])))
redis.call('EXPIRE', KEYS[target], ARGV[4])
local limit = tonumber(ARGV[3])
local alert80, alert100 = 0, 0
if limit > 0 and spent * 10 >= limit * 8 then alert80 = redis.call('HSETNX', KEYS[target], 'alerted80', '1') end
if limit > 0 and spent >= limit then alert100 = redis.call('HSETNX', KEYS[target], 'alerted100', '1') end
local reserved = tonumber(redis.call('HGET', KEYS[target], 'reserved') or '0')
return { target == 1 and 0 or 1, spent, string.format('%d', reserved), alert80, alert100 }
`);

/** Releases a hold that will never be settled by a completion (the request failed before it ran). KEYS as settle's first four. */
export const RELEASE_BUDGET = redisScript(`${RELEASE_HOLD}
if not release(KEYS[1], KEYS[2], ARGV[1]) then release(KEYS[3], KEYS[4], ARGV[1]) end
return 1
`);
