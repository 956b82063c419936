# A table across notebooks misspelt where a formula reads it gets a did-you-mean, as any name does; read as a value (spelt right), it says what it is and names a figure to read instead, the closest of its rows to the one written.
# expect exit: 65
run Tests/ChisoCLITests/Cases/across/misspelt.chiso
