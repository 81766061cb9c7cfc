// Logging macros shared by the Objective-C sources.
#import <os/log.h>

#define APP_LOG(fmt, ...) os_log(OS_LOG_DEFAULT, fmt, ##__VA_ARGS__)

@class AppLogger;

@protocol LogSink <NSObject>
- (void)write:(NSString *)message level:(NSInteger)level;
@end
