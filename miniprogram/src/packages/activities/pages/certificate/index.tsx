import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { api } from '../../../../api/client';
import { useRequest } from '../../../../hooks/useRequest';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { formatCst } from '../../../../utils/time';
import { param } from '../../bits';

/** Public verification of a 志愿服务时长证明 (the QR printed on it opens this page); the name is masked. */
export default function CertificatePage() {
  const number = param(useRouter().params.n);
  const cert = useRequest(() => api('verifyCertificate', undefined, { params: { number }, silent: true }), [number], { enabled: !!number });
  const c = cert.data;
  return (
    <PageShell id="page-certificate">
      <StateView
        idPrefix="certificate"
        loading={cert.loading}
        error={number ? cert.error && new Error(cert.error.message || '未找到该证明') : new Error('缺少证明编号，请扫描证明上的二维码')}
        onRetry={number ? () => void cert.reload() : undefined}
      >
        {c && (
          <View className="section" id="certificate-valid">
            <Text className="section__title">证明有效</Text>
            <View className="act-body">
              <Text className="act-line">证明编号：{c.number}</Text>
              <Text className="act-line">姓名：{c.name}</Text>
              <Text className="act-line" id="certificate-hours">
                志愿服务时长：{c.totalHours} 小时（{c.activityCount} 次活动）
              </Text>
              <Text className="act-line">服务驿站：{c.stations.join('、')}</Text>
              <Text className="act-line">开具时间：{formatCst(c.issuedAt, 'YYYY年M月D日')}</Text>
            </View>
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
