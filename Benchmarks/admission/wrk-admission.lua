-- wrk script: POST the sample admission requests in turn, each with a uid of its own, so every
-- request is a real decision written to the audit trail (a repeated uid would be answered from it).
local samples = { "allowed", "denied", "warned", "waived" }
local bodies = {}
local token = os.getenv("LOCKSTEP_TOKEN")
local folder = os.getenv("LOCKSTEP_SAMPLES")

for index, name in ipairs(samples) do
  local file = assert(io.open(folder .. "/" .. name .. ".json", "r"))
  bodies[index] = file:read("*a")
  file:close()
end

local counter = 0
-- A prefix per wrk thread and run, set by setup(), so uids never repeat across threads or runs.
prefix = "bench-"

function setup(thread)
  math.randomseed(os.time())
  thread:set("prefix", string.format("bench-%d-%d-", os.time(), math.random(1, 1000000000)))
end

-- Every request is a new edit of the deployment process, its largest file: the proposed side's
-- package id of the database step gets the counter, an edit GP001 allows, so each sample keeps
-- its outcome. The base repeats (the project as it stands), as do the files the edit leaves alone,
-- as they would between real edits; the service's document cache sees the edited file only once.
local package = 'Octopus.Action.Package.PackageId = \\"checkout-api.database'

function edited(body, number)
  local proposed = body:find('"proposed"', 1, true)
  local at = proposed and body:find(package, proposed, true)
  if not at then return body end
  local cut = at + #package - 1
  return body:sub(1, cut) .. "-" .. number .. body:sub(cut + 1)
end

function request()
  counter = counter + 1
  local body = edited(bodies[(counter % #bodies) + 1], counter)
  body = body:gsub('"uid": "[^"]*"', '"uid": "' .. prefix .. counter .. '"', 1)
  return wrk.format("POST", "/v1/admission", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end
