type 'a t = { front : 'a list; back : 'a list }

let empty = { front = []; back = [] }

let push x q = { q with back = x :: q.back }

let rec pop q =
  match q.front, q.back with
  | [], [] -> None
  | [], back -> pop { front = List.rev back; back = [] }
  | x :: front, back -> Some (x, { front; back })
