/**
 * Adds a menu to the spreadsheet.
 */
function onOpen() {
  SpreadsheetApp.getUi().createMenu('Reports').addItem('Refresh', 'refresh').addToUi();
}

function refresh() {
  const sheet = SpreadsheetApp.getActiveSheet();
  sheet.getRange('A1').setValue(new Date());
}
