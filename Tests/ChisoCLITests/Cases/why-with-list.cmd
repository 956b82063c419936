# A value set by a with line that lists one value per period: the line is quoted whole.
why notebooks/province/so-tttt.chiso mau.hs.ty_le_gq@2019Q2
