# chiso fmt keeps the pins.
fmt Tests/ChisoCLITests/Cases/review/pins/sum.chiso
