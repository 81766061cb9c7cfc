/* DOSUTIL.C - directory listing helper, originally built with Turbo C */
#include <stdio.h>
#include <string.h>
#include <dirent.h>

int list_dir(const char *path)
{
    DIR *dir = opendir(path);
    struct dirent *entry;
    int count = 0;

    if (dir == NULL)
        return -1;
    while ((entry = readdir(dir)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        printf("%s\n", entry->d_name);
        count++;
    }
    closedir(dir);
    return count;
}
