#import <UIKit/UIKit.h>

NS_ASSUME_NONNULL_BEGIN

@protocol PhotoGridViewDelegate;

@interface PhotoGridView : UIView

@property (nonatomic, weak, nullable) id<PhotoGridViewDelegate> delegate;
@property (nonatomic, copy) NSArray<UIImage *> *photos;
@property (nonatomic, assign) CGFloat spacing;

- (instancetype)initWithFrame:(CGRect)frame columns:(NSUInteger)columns;
- (void)reloadData;

@end

@protocol PhotoGridViewDelegate <NSObject>
- (void)photoGridView:(PhotoGridView *)view didSelectPhotoAtIndex:(NSUInteger)index;
@end

NS_ASSUME_NONNULL_END
