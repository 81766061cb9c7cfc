#import "Bridge.h"
#include <string>
#include <vector>

@implementation Bridge

+ (NSArray<NSString *> *)splitPath:(NSString *)path {
    std::string text(path.UTF8String);
    std::vector<std::string> parts;
    size_t start = 0, slash;
    while ((slash = text.find('/', start)) != std::string::npos) {
        parts.push_back(text.substr(start, slash - start));
        start = slash + 1;
    }
    parts.push_back(text.substr(start));
    NSMutableArray *out = [NSMutableArray array];
    for (const auto &p : parts) [out addObject:@(p.c_str())];
    return out;
}

@end
