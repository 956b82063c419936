# chiso pin prints the pins of every use and from (marked when the file already says so).
pin Tests/ChisoCLITests/Cases/review/pins/dept.chiso
