/* global $ */
(function () {
  'use strict';

  var form = $('#checkout-form');

  function validate() {
    var ok = true;
    form.find('input[required]').each(function () {
      var empty = $.trim($(this).val()) === '';
      $(this).toggleClass('invalid', empty);
      if (empty) ok = false;
    });
    return ok;
  }

  form.on('submit', function (event) {
    if (!validate()) {
      event.preventDefault();
      $('.form-error').show();
    }
  });
})();
