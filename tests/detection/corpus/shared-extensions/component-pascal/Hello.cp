MODULE Hello;

IMPORT StdLog;

PROCEDURE Do*;
BEGIN
  StdLog.String("Hello"); StdLog.Ln
END Do;

END Hello.
