#import "PhotoGridView.h"

@implementation PhotoGridView {
    NSUInteger _columns;
}

- (instancetype)initWithFrame:(CGRect)frame columns:(NSUInteger)columns {
    if ((self = [super initWithFrame:frame])) {
        _columns = columns;
        _spacing = 4.0;
    }
    return self;
}

- (void)reloadData {
    [self.subviews makeObjectsPerformSelector:@selector(removeFromSuperview)];
    [self.photos enumerateObjectsUsingBlock:^(UIImage *photo, NSUInteger idx, BOOL *stop) {
        UIImageView *cell = [[UIImageView alloc] initWithImage:photo];
        [self addSubview:cell];
    }];
    [self setNeedsLayout];
}

@end
