// Definitions of Stack's members, included at the end of stack.hpp.
template <typename T>
void Stack<T>::push(const T& value) {
  items_.push_back(value);
}

template <typename T>
T Stack<T>::pop() {
  T top = items_.back();
  items_.pop_back();
  return top;
}
