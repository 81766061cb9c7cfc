# -*- coding: latin-1 -*-
NAME = "José"
CITY = "Zürich"


def greet():
    return "Hola " + NAME
