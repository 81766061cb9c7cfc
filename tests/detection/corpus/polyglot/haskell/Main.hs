module Main (main) where

import qualified Data.Map.Strict as Map
import Data.Char (isAlpha, toLower)
import Data.List (sortOn)
import Data.Ord (Down (..))

wordFrequencies :: String -> Map.Map String Int
wordFrequencies = Map.fromListWith (+) . map (\w -> (w, 1)) . words . map normalise
  where
    normalise c = if isAlpha c then toLower c else ' '

main :: IO ()
main = do
  text <- getContents
  let top = take 10 . sortOn (Down . snd) . Map.toList $ wordFrequencies text
  mapM_ (\(w, n) -> putStrLn (w ++ ": " ++ show n)) top
