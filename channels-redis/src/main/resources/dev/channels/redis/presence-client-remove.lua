-- Drops a client's routing key (its channel id) unless it names another channel by now (the client
-- joined elsewhere meanwhile). KEYS[1] the client key; ARGV[1] the channel id it left.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
end
return 1
