# A period asked of a cell, which has one value.
# expect exit: 64
why notebooks/tour.chiso first_half@2019Q1
