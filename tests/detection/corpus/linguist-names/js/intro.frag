(function (root, factory) {
  if (typeof define === "function" && define.amd) {
    define([], factory);
  } else {
    root.Ring = factory();
  }
})(this, function () {
  "use strict";
