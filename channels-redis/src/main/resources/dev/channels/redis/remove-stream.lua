-- Forgets a channel's stream. KEYS[1] stream, KEYS[2] meta. Returns the epoch it had (or false).
local epoch = redis.call('HGET', KEYS[2], 'e')
redis.call('DEL', KEYS[1], KEYS[2])
return epoch
