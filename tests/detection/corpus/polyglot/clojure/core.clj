(ns todo.core
  (:require [clojure.string :as str]))

(defn parse-line [line]
  (let [[done title] (str/split line #"\s+" 2)]
    {:done (= done "[x]") :title title}))

(defn pending [todos]
  (remove :done todos))

(defn -main [& args]
  (doseq [t (pending (map parse-line (line-seq (java.io.BufferedReader. *in*))))]
    (println (:title t))))
