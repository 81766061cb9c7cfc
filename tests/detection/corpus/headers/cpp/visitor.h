#pragma once

struct Literal;
struct Binary;

struct Visitor {
    virtual ~Visitor() = default;
    virtual void visit(const Literal& node) = 0;
    virtual void visit(const Binary& node) = 0;
};

struct Node {
    virtual ~Node() = default;
    virtual void accept(Visitor& visitor) const = 0;
};
