-- Gives a stream that went back in time (Redis restored from an older snapshot, with offsets a node has
-- already delivered in the same epoch) a new epoch, so that no client takes its offsets for the ones it saw.
-- KEYS[1] meta (see publish.lua)
-- ARGV[1] the epoch the node saw, ARGV[2] the highest offset it delivered, ARGV[3] the new epoch
-- Returns {epoch, top offset} after the change ({'', 0} for no stream); another node's change is kept.
local meta = KEYS[1]
local epoch = redis.call('HGET', meta, 'e')
if not epoch then
  return {'', 0}
end
local top = tonumber(redis.call('HGET', meta, 's'))
if epoch == ARGV[1] and top < tonumber(ARGV[2]) then
  epoch = ARGV[3]
  redis.call('HSET', meta, 'e', epoch)
end
return {epoch, top}
