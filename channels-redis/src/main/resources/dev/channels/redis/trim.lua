-- each retained entry lives ttl after it was published: drop the expired ones at the head
local head = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)
if #head > 0 and tonumber(head[1][2][4]) + ttl <= now then
  local cutoff = nil
  local from = '-'
  while true do
    local batch = redis.call('XRANGE', stream, from, '+', 'COUNT', 100)
    if #batch == 0 then break end
    for _, e in ipairs(batch) do
      if tonumber(e[2][4]) + ttl > now then
        cutoff = e[1]
        break
      end
    end
    if cutoff then break end
    from = '(' .. batch[#batch][1]
  end
  if cutoff then
    redis.call('XTRIM', stream, 'MINID', cutoff)
  else
    redis.call('DEL', stream)
  end
end
