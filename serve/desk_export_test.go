package serve

// AssignmentFromDayAfter is assignmentFromDayAfter, for the desk's page
// tests (package serve_test).
var AssignmentFromDayAfter = assignmentFromDayAfter
