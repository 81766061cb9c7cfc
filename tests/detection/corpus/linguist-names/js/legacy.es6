export default class Queue {
  constructor() {
    this.items = [];
  }

  push(item) {
    this.items.push(item);
  }
}
