define e = Character("Eileen")

label start:
    scene bg room
    show eileen happy
    e "You've created a new Ren'Py game."
    return
