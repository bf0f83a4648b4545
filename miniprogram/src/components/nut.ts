/**
 * NutUI-React-Taro components used by the app, imported one by one (with their CSS) so
 * the bundle only carries what is used. Import NutUI only through this file.
 */
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell/index';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import Tag from '@nutui/nutui-react-taro/dist/es/packages/tag/index';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css';

export { Button, Cell, Tag };
