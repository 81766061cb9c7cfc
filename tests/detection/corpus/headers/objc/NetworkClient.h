#import <Foundation/Foundation.h>

typedef void (^NetworkCompletion)(NSData * _Nullable data, NSError * _Nullable error);

@interface NetworkClient : NSObject

+ (instancetype)sharedClient;
- (NSURLSessionDataTask *)GET:(NSString *)path completion:(NetworkCompletion)completion;

@end
