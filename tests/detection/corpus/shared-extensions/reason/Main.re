open Belt;

type user = {
  name: string,
  age: int,
};

let greet = (user: user) => "Hello, " ++ user.name;

let () = List.forEach([{name: "Ada", age: 36}], u => Js.log(greet(u)));
