;;; probe.el --- Emacs (eglot) headless probe, run by test/editors/run.mjs  -*- lexical-binding: t -*-
;;
;;   emacs --batch -Q -l test/editors/probe.el NOTE
;;
;; The environment says what to load and ask:
;;   PROBE_INIT      an Elisp file to load first: the eglot snippet of docs/editors.md
;;   PROBE_HOVER     "line:character" (0-based) to hover
;;   PROBE_COMPLETE  "line:character" (0-based) to complete at, just after "[@"
;; It visits NOTE (the project's .dir-locals.el gives the settings), starts eglot as
;; `M-x eglot' would from the snippet's `eglot-server-programs' entry (`eglot-ensure'
;; waits for a command loop that batch mode never runs), waits for Flymake's
;; diagnostics, asks for hover through eglot's ElDoc function and for completion
;; through `eglot-completion-at-point', and prints one JSON object on stdout.

(setq package-directory-list '("/usr/share/emacs/site-lisp/elpa"))
(package-initialize)
(require 'eglot)
(require 'json)
(require 'flymake)

;; The snippet is written for markdown-mode (MELPA). Without it, a minimal mode of
;; that name stands in, so the snippet's entry and language id are the real ones.
(unless (fboundp 'markdown-mode)
  (define-derived-mode markdown-mode text-mode "Markdown")
  (add-to-list 'auto-mode-alist '("\\.md\\'" . markdown-mode)))

(defun probe--position (name)
  (let ((value (or (getenv name) "")))
    (unless (string-match "\\`\\([0-9]+\\):\\([0-9]+\\)\\'" value)
      (error "%s is not line:character" name))
    (cons (string-to-number (match-string 1 value)) (string-to-number (match-string 2 value)))))

(defun probe--goto (name)
  (let ((pos (probe--position name)))
    (goto-char (point-min))
    (forward-line (car pos))
    (forward-char (cdr pos))))

(defun probe--wait (what predicate seconds)
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (unless (funcall predicate) (error "timed out waiting for %s" what))))

(defun probe--severity (diagnostic)
  (pcase (flymake-diagnostic-type diagnostic)
    ('eglot-error 1) ('eglot-warning 2) ('eglot-note 3) (_ (format "%s" (flymake-diagnostic-type diagnostic)))))

(defun probe--run ()
  (load (or (getenv "PROBE_INIT") (error "PROBE_INIT is not set")) nil t)
  (setq eglot-sync-connect t)
  (find-file (car command-line-args-left))
  (unless (derived-mode-p 'markdown-mode) (markdown-mode))
  (apply #'eglot (eglot--guess-contact))
  (unless (eglot-managed-p) (error "eglot does not manage the note"))
  (probe--wait "diagnostics" (lambda () (flymake-diagnostics)) 30)
  (let* ((diagnostics
          (mapcar (lambda (d)
                    (save-excursion
                      (goto-char (flymake-diagnostic-beg d))
                      `((line . ,(1- (line-number-at-pos)))
                        (character . ,(current-column))
                        (severity . ,(probe--severity d))
                        ;; eglot 1.9 puts the code in front: "[date-conflict] The sources give…"
                        (message . ,(flymake-diagnostic-text d)))))
                  (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b))))))
         (hover nil)
         (completion nil))
    (probe--goto "PROBE_HOVER")
    (eglot-hover-eldoc-function (lambda (info &rest _) (setq hover (or info ""))))
    (probe--wait "hover" (lambda () hover) 15)
    (probe--goto "PROBE_COMPLETE")
    (let ((capf (eglot-completion-at-point)))
      (unless capf (error "no completion at point"))
      (setq completion (all-completions "" (nth 2 capf))))
    (princ (json-encode `((client . "eglot")
                          (diagnostics . ,(vconcat diagnostics))
                          (hover . ,(substring-no-properties hover))
                          (completion . ,(vconcat (mapcar #'substring-no-properties completion))))))
    (terpri)
    (eglot-shutdown (eglot-current-server))))

(condition-case err
    (probe--run)
  (error
   (message "probe.el: %s" (error-message-string err))
   (kill-emacs 1)))
(kill-emacs 0)
;;; probe.el ends here
