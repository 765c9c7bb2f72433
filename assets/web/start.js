// Starts the console once every page has registered itself.
RC.start();
