import { defineActivity } from '../model';

// Canvas ready-to-use models call Comprehend (sentiment, entities, language,
// personal information), Rekognition (labels and text in images) and Textract
// (documents, expenses, identity documents) synchronously. None of these
// actions has a resource type when the built-in models are used (service
// authorization reference), so `*` is the only possible resource. Custom
// models, asynchronous jobs and Amazon Bedrock are not included.
export const canvasAIServices = defineActivity({
  id: 'CanvasAIServices',
  title: 'Canvas AI Services',
  description:
    'Use Canvas ready-to-use models: Comprehend text analysis, Rekognition image analysis and Textract document analysis (synchronous, built-in models).',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    ownerChecked: [],
    createdAsOwner: [],
    parentChecked: [],
    shared: [
      {
        actions: [
          'comprehend:BatchDetectDominantLanguage',
          'comprehend:BatchDetectEntities',
          'comprehend:BatchDetectSentiment',
          'comprehend:ContainsPiiEntities',
          'comprehend:DetectDominantLanguage',
          'comprehend:DetectEntities',
          'comprehend:DetectPiiEntities',
          'comprehend:DetectSentiment',
          'rekognition:DetectLabels',
          'rekognition:DetectText',
          'textract:AnalyzeDocument',
          'textract:AnalyzeExpense',
          'textract:AnalyzeID',
          'textract:DetectDocumentText',
        ],
        reason: 'synchronous analysis with built-in models: each call answers about the text or image it sends and keeps nothing another user could reach',
      },
    ],
  },
  statements: () => [
    {
      actions: [
        'comprehend:BatchDetectDominantLanguage',
        'comprehend:BatchDetectEntities',
        'comprehend:BatchDetectSentiment',
        'comprehend:ContainsPiiEntities',
        'comprehend:DetectDominantLanguage',
        'comprehend:DetectEntities',
        'comprehend:DetectPiiEntities',
        'comprehend:DetectSentiment',
        'rekognition:DetectLabels',
        'rekognition:DetectText',
        'textract:AnalyzeDocument',
        'textract:AnalyzeExpense',
        'textract:AnalyzeID',
        'textract:DetectDocumentText',
      ],
      resources: ['*'],
    },
  ],
});
