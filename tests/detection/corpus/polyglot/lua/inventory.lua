local Inventory = {}
Inventory.__index = Inventory

function Inventory.new(capacity)
  return setmetatable({ items = {}, capacity = capacity or 20 }, Inventory)
end

function Inventory:add(name, count)
  if #self.items >= self.capacity then
    return false, "inventory full"
  end
  table.insert(self.items, { name = name, count = count or 1 })
  return true
end

function Inventory:total()
  local sum = 0
  for _, item in ipairs(self.items) do
    sum = sum + item.count
  end
  return sum
end

return Inventory
