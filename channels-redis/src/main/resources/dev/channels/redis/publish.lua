-- Publishes one message to a channel's stream in one atomic step (after Centrifugo's
-- broker_history_add_stream.lua): take the next offset, append to the stream, trim it, PUBLISH.
-- KEYS[1] stream (XADD entries "<offset>-0" with fields d=data, t=publish time in ms)
-- KEYS[2] meta (hash: e=epoch, s=top offset)
-- ARGV[1] Pub/Sub channel, ARGV[2] data, ARGV[3] history size, ARGV[4] ttl (ms), ARGV[5] epoch for a new stream,
-- ARGV[6] lease (ms): how long a subscribed node's heartbeat keeps the stream alive
-- KEYS[3] ids (sorted set: publish id -> offset, the ids of the channel's last IDS_KEPT publications)
-- ARGV[7] publish id ("" for none): a publish whose id and data are there already (Lettuce sent the command
-- again after a reconnect, or a caller told "unavailable" sent it again, and Redis had run it before the
-- connection dropped) is neither stored nor published again; it returns the offset the first one got.
-- Returns {top offset, epoch}. The published payload is "<offset>:<epoch>:<data>".
local IDS_KEPT = 1000
local stream, meta, ids = KEYS[1], KEYS[2], KEYS[3]
local id = ARGV[7]
local size, ttl = tonumber(ARGV[3]), tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local epoch = redis.call('HGET', meta, 'e')
if not epoch then
  -- no stream (never used, expired, removed, or a wiped Redis): a new epoch at offset 0
  epoch = ARGV[5]
  redis.call('DEL', stream, ids)
  redis.call('HSET', meta, 'e', epoch, 's', 0)
elseif id ~= '' then
  local first = redis.call('ZSCORE', ids, id)
  if first then
    -- the same id: a retry only when the stored publication has the same data (two messages that share an id,
    -- a copy with another body, are two publications); one no longer retained is stored again rather than lost
    local entry = redis.call('XRANGE', stream, first .. '-0', first .. '-0')
    if #entry > 0 and entry[1][2][2] == ARGV[2] then
      return {tonumber(first), epoch}
    end
  end
end
local top = redis.call('HINCRBY', meta, 's', 1)

__TRIM__

redis.call('XADD', stream, 'MAXLEN', size, string.format('%d-0', top), 'd', ARGV[2], 't', now)
redis.call('PEXPIRE', stream, ttl)
if redis.call('PTTL', meta) < ttl then
  redis.call('PEXPIRE', meta, ttl)
end
if id ~= '' then
  redis.call('ZADD', ids, top, id)
  if top > IDS_KEPT then
    redis.call('ZREMRANGEBYSCORE', ids, '-inf', top - IDS_KEPT)
  end
  redis.call('PEXPIRE', ids, ttl)
end
local receivers = redis.call('PUBLISH', ARGV[1], string.format('%d', top) .. ':' .. epoch .. ':' .. ARGV[2])
-- a stream that some node subscribes to must not lapse before that node's next heartbeat renews it
-- (with a TTL shorter than the heartbeat it could, and its members would see a new epoch)
local lease = tonumber(ARGV[6])
if receivers > 0 and redis.call('PTTL', meta) < lease then
  redis.call('PEXPIRE', meta, lease)
end
return {top, epoch}
