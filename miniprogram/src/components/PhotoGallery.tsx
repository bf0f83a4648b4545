import Taro from '@tarojs/taro';
import { Image, Swiper, SwiperItem } from '@tarojs/components';
import './PhotoGallery.css';

/** A station's or room's photos: a swiper across the page, tap to view full screen. Nothing when there are none. */
export function PhotoGallery({ id, photos }: { id: string; photos: string[] }) {
  if (photos.length === 0) return null;
  return (
    <Swiper className="photo-gallery" id={id} indicatorDots={photos.length > 1} circular>
      {photos.map((src, i) => (
        <SwiperItem key={src}>
          <Image
            id={`${id}-${i}`}
            className="photo-gallery__img"
            src={src}
            mode="aspectFill"
            onClick={() => void Taro.previewImage({ current: src, urls: photos })}
          />
        </SwiperItem>
      ))}
    </Swiper>
  );
}
