-- Adds or refreshes a presence entry.
-- KEYS[1] zset, KEYS[2] hash, KEYS[3] join order (see presence.lua): one channel's keys, one hash slot on a cluster
-- ARGV[1] client id, ARGV[2] ttl (ms), ARGV[3] info
-- (the client's key, naming its channel for routing, lives in another slot: RedisPresence sets it apart)
__PRESENCE__
local ttl = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local old = redis.call('ZSCORE', KEYS[1], ARGV[1])
local value = redis.call('HGET', KEYS[2], ARGV[1])
if (not old) or tonumber(old) <= now or not value then
  if value then
    -- a lapsed entry not yet dropped: it leaves the join order, the member joins anew
    local stale = join_entry(value, ARGV[1])
    if stale then
      redis.call('ZREM', KEYS[3], stale)
    end
  end
  -- a new member (or one whose entry had lapsed): its join sequence is Redis's clock in microseconds
  local seq = string.format('%d', tonumber(t[1]) * 1000000 + tonumber(t[2]))
  value = seq .. '\t' .. ARGV[3]
  redis.call('HSET', KEYS[2], ARGV[1], value)
end
-- also on a refresh, so that an entry an earlier version of the engine wrote gets its place in the join order
local entry = join_entry(value, ARGV[1])
if entry then
  redis.call('ZADD', KEYS[3], 0, entry)
end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
for i = 1, 3 do
  if redis.call('PTTL', KEYS[i]) < ttl then
    redis.call('PEXPIRE', KEYS[i], ttl)
  end
end
return 1
