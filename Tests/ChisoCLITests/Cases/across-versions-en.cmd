# The versions table in English: the difference column's word and percentage points as pp.
run Tests/ChisoCLITests/Cases/across/versions.chiso --locale en
