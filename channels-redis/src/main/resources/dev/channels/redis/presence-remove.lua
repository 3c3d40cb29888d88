-- Removes a presence entry. KEYS as presence-add.lua; ARGV[1] client id.
-- (the client's key is dropped apart, by presence-client-remove.lua: it lives in another slot on a cluster)
__PRESENCE__
local value = redis.call('HGET', KEYS[2], ARGV[1])
local entry = value and join_entry(value, ARGV[1])
if entry then
  redis.call('ZREM', KEYS[3], entry)
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1
