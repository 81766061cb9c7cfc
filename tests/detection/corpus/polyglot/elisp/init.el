;;; init.el --- personal Emacs configuration -*- lexical-binding: t -*-
(setq inhibit-startup-screen t
      make-backup-files nil)
(global-display-line-numbers-mode 1)
(use-package magit
  :ensure t
  :bind ("C-x g" . magit-status))
(provide 'init)
;;; init.el ends here
