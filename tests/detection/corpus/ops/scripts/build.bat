@echo off
setlocal
if not exist build mkdir build
cd build
cmake .. -G "Visual Studio 17 2022" -A x64 || exit /b 1
cmake --build . --config Release || exit /b 1
endlocal
