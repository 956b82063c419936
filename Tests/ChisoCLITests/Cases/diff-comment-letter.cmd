# The 2022 comment letter: Sở TT&TT's reply imports the draft with six figures amended; the diff shows exactly those six and the total they move.
# expect exit: 1
diff notebooks/gop-y-2022/du-thao-i4.chiso notebooks/gop-y-2022/gop-y-stttt.chiso
