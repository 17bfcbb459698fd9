;;; dbl-eglot.el --- dbl as an eglot server for SQL buffers  -*- lexical-binding: t; -*-

;; Load it (or copy the form into your init file), then M-x eglot in a SQL buffer,
;; or add (add-hook 'sql-mode-hook #'eglot-ensure).

;;; Code:

(require 'eglot)

(add-to-list 'eglot-server-programs
             '(sql-mode . ("dbl" "lsp" :initializationOptions (:debounceMs 150))))

(provide 'dbl-eglot)
;;; dbl-eglot.el ends here
