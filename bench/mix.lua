-- A mix of the atlas's routes for the soak (bench/soak.py): each connection walks the list.
local paths = {
  "/bases", "/bases?country=SY", "/bases?as_of=2020-09-01&status=handed_over", "/bases/taji",
  "/bases.geojson", "/bases.geojson?country=IQ", "/ogc/collections/bases/items?limit=5",
  "/ogc/collections/events/items?datetime=2020-01-01/2021-12-31", "/", "/?lang=ar",
  "/events?type=handover", "/bases.csv", "/bases.kml", "/geocode?q=taji", "/bases/nowhere",
  "/bases?bbox=1,2,3", "/static/app/atlas.js", "/about"
}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

-- count 5xx answers per thread and report them at the end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) count5xx = 0 end
function response(status, headers, body)
  if status >= 500 then count5xx = count5xx + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("count5xx") end
  io.write("5xx: " .. total .. "\n")
end
