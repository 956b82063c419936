# A name the notebook does not have: a command-line error with a suggestion.
# expect exit: 64
why notebooks/gop-y-2022/gop-y-stttt.chiso du_thao.tt.bao
