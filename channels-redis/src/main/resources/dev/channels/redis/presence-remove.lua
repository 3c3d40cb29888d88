-- Removes a presence entry. KEYS as presence-add.lua; ARGV[1] client id, ARGV[2] channel id.
__PRESENCE__
local value = redis.call('HGET', KEYS[2], ARGV[1])
local entry = value and join_entry(value, ARGV[1])
if entry then
  redis.call('ZREM', KEYS[3], entry)
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
if redis.call('GET', KEYS[4]) == ARGV[2] then
  redis.call('DEL', KEYS[4])
end
return 1
