square = (x) -> x * x
cube   = (x) -> square(x) * x

numbers = [1..10]
evens = (n for n in numbers when n % 2 is 0)

console.log "squares of evens: #{(square n for n in evens).join ', '}"
