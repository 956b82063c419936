# An override given on the command line is marked in a units table, with its note (a with line filling the template is not).
run Tests/ChisoCLITests/Cases/across/units.chiso --set a.hs.nhan@2019Q2=36
