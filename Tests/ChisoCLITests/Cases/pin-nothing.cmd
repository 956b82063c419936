# A notebook that imports nothing has nothing to pin.
pin Tests/ChisoCLITests/Cases/review/pins/mau.chiso
