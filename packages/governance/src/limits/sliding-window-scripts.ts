import { redisScript } from '../redis-script';

const EVICT = `
local function evict(zkey, hkey, cutoff)
  while true do
    local old = redis.call('ZRANGEBYSCORE', zkey, '-inf', cutoff, 'LIMIT', 0, 500)
    if #old == 0 then return end
    local amounts = redis.call('HMGET', hkey, unpack(old))
    local freed = 0
    for _, amount in ipairs(amounts) do freed = freed + (tonumber(amount) or 0) end
    redis.call('HDEL', hkey, unpack(old))
    redis.call('ZREM', zkey, unpack(old))
    redis.call('HINCRBY', hkey, '#total', string.format('%d', -freed))
  end
end
`;

/**
 * Charges one request to several sliding-window counters at once, or to none. Each counter is a sorted set of
 * charges by time plus a hash of what each charged and their running total. Strict counters (requests) admit
 * while used + cost <= quota; amount counters (tokens, USD) admit while used < quota.
 * KEYS: zset, hash per counter. ARGV: now, member, count, then window_ms, quota, cost, strict per counter.
 * Returns: allowed, then used, retry_after_ms, reset_ms per counter.
 */
export const CHARGE_WINDOWS = redisScript(`${EVICT}
local now = tonumber(ARGV[1])
local member = ARGV[2]
local count = tonumber(ARGV[3])
local function fits(used, quota, cost, strict)
  if strict then return used + cost <= quota end
  return used < quota
end
local function retry_after(zkey, hkey, used, quota, cost, strict, window)
  local entries = redis.call('ZRANGE', zkey, 0, 999, 'WITHSCORES')
  local freed = 0
  for i = 1, #entries, 2 do
    freed = freed + (tonumber(redis.call('HGET', hkey, entries[i])) or 0)
    if fits(used - freed, quota, cost, strict) then return tonumber(entries[i + 1]) + window - now end
  end
  return window
end
local allowed = true
local states = {}
for i = 1, count do
  local zkey, hkey = KEYS[2 * i - 1], KEYS[2 * i]
  local base = 3 + (i - 1) * 4
  local window, quota, cost = tonumber(ARGV[base + 1]), tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3])
  local strict = ARGV[base + 4] == '1'
  evict(zkey, hkey, now - window)
  local used = tonumber(redis.call('HGET', hkey, '#total') or '0')
  local retry = 0
  if not fits(used, quota, cost, strict) then
    allowed = false
    retry = retry_after(zkey, hkey, used, quota, cost, strict, window)
  end
  states[i] = { used, retry, window }
end
local result = { allowed and 1 or 0 }
for i = 1, count do
  local zkey, hkey = KEYS[2 * i - 1], KEYS[2 * i]
  local base = 3 + (i - 1) * 4
  local window, cost = tonumber(ARGV[base + 1]), tonumber(ARGV[base + 3])
  local used = states[i][1]
  if allowed then
    redis.call('ZADD', zkey, now, member)
    redis.call('HSET', hkey, member, string.format('%d', cost))
    redis.call('HINCRBY', hkey, '#total', string.format('%d', cost))
    redis.call('PEXPIRE', zkey, window + 1000)
    redis.call('PEXPIRE', hkey, window + 1000)
    used = used + cost
  end
  local oldest = redis.call('ZRANGE', zkey, 0, 0, 'WITHSCORES')
  local reset = 0
  if oldest[2] then reset = math.max(0, tonumber(oldest[2]) + window - now) end
  table.insert(result, string.format('%d', used))
  table.insert(result, states[i][2])
  table.insert(result, reset)
end
return result
`);

/**
 * Replaces what a member charged (its estimate) with what it really used, in every counter still holding it.
 * KEYS: zset, hash per counter. ARGV: member, then the real amount per counter.
 */
export const SETTLE_WINDOWS = redisScript(`
local member = ARGV[1]
for i = 1, #KEYS / 2 do
  local hkey = KEYS[2 * i]
  local old = redis.call('HGET', hkey, member)
  if old then
    local amount = tonumber(ARGV[i + 1])
    redis.call('HSET', hkey, member, string.format('%d', amount))
    redis.call('HINCRBY', hkey, '#total', string.format('%d', amount - tonumber(old)))
  end
end
return 1
`);
