-- Adds or refreshes a presence entry.
-- KEYS[1] zset (client id -> expiry ms), KEYS[2] hash (client id -> "<join seq>\t<info>"), KEYS[3] client key (-> channel id)
-- ARGV[1] client id, ARGV[2] ttl (ms), ARGV[3] info, ARGV[4] channel id
local ttl = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local old = redis.call('ZSCORE', KEYS[1], ARGV[1])
if (not old) or tonumber(old) <= now or redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then
  -- a new member (or one whose entry had lapsed): its join sequence is Redis's clock in microseconds
  local seq = string.format('%d', tonumber(t[1]) * 1000000 + tonumber(t[2]))
  redis.call('HSET', KEYS[2], ARGV[1], seq .. '\t' .. ARGV[3])
end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('SET', KEYS[3], ARGV[4], 'PX', ttl)
for i = 1, 2 do
  if redis.call('PTTL', KEYS[i]) < ttl then
    redis.call('PEXPIRE', KEYS[i], ttl)
  end
end
return 1
