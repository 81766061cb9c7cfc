const { src, dest, series, watch } = require('gulp');
const sass = require('gulp-sass')(require('sass'));
const imagemin = require('gulp-imagemin');

function styles() {
  return src('src/styles/*.scss').pipe(sass().on('error', sass.logError)).pipe(dest('dist/css'));
}

function images() {
  return src('src/images/**/*').pipe(imagemin()).pipe(dest('dist/images'));
}

exports.default = series(styles, images);
exports.watch = () => watch('src/styles/**/*.scss', styles);
